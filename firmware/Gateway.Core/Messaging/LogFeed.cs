using System;
using Gateway.Core.Logging;
using Gateway.Core.Messaging.Json;

namespace Gateway.Core.Messaging
{
    /// <summary>Publishes the box log on <c>&lt;prefix&gt;/&lt;box&gt;/log</c>: every stored entry the
    /// broker has not acknowledged yet, oldest first, QoS 1, one in flight, at most one per
    /// <see cref="MinIntervalMs"/>.</summary>
    /// <remarks>
    /// Driven by <see cref="BoxLink"/> (its connect, disconnect, PUBACK and tick), so it shares the
    /// link's single-threaded contract. Entries logged while offline wait in the log's storage and
    /// go out after the next connect; one in flight and a minimum interval keep a backlog from
    /// crowding out call records on a slow link. An entry counts as published only on its PUBACK.
    /// </remarks>
    public sealed class LogFeed
    {
        private readonly BoxLog _log;
        private readonly IMqttTransport _transport;
        private readonly string _topic;
        private readonly JsonWriter _writer = new JsonWriter(320);
        private readonly LogEntry _entry = new LogEntry();

        private byte[] _payload; // the entry in flight, kept for resends
        private long _seq;
        private int _token;
        private long _sentAt = long.MinValue / 4;
        private long _now;
        private bool _connected;

        /// <summary>At least this long between two entries sent.</summary>
        public long MinIntervalMs = 100;

        /// <summary>Resend the entry in flight when no PUBACK (or give-up) came within this time.</summary>
        public long AckTimeoutMs = 30000;

        /// <summary>Wait this long before resending an entry the client gave up on or could not take.</summary>
        public long RetryMs = 5000;

        /// <summary>A feed of <paramref name="log"/> to <paramref name="topic"/> through <paramref name="transport"/>.</summary>
        public LogFeed(BoxLog log, IMqttTransport transport, string topic)
        {
            if (log == null) throw new ArgumentNullException("log");
            if (transport == null) throw new ArgumentNullException("transport");
            _log = log;
            _transport = transport;
            _topic = topic;
        }

        /// <summary>The session is up: the entry in flight goes again (its old token is void).</summary>
        public void OnConnected()
        {
            _connected = true;
            _token = 0;
            if (_payload != null) Send();
        }

        /// <summary>The session is gone; the entry in flight waits for the next one.</summary>
        public void OnDisconnected()
        {
            _connected = false;
            _token = 0;
        }

        /// <summary>Takes the broker's answer for <paramref name="token"/>; false when the token is not this feed's.</summary>
        public bool OnPublished(int token, bool acknowledged)
        {
            if (token <= 0 || token != _token || _payload == null) return false;
            _token = 0;
            if (!acknowledged)
            {
                _sentAt = _now; // resent after RetryMs
                return true;
            }
            _log.MarkPublished(_seq);
            _payload = null;
            return true;
        }

        /// <summary>Resends an overdue entry, or sends the next one when the interval allows.</summary>
        public void Tick(long nowMs)
        {
            _now = nowMs;
            if (!_connected) return;
            long waited = nowMs - _sentAt;
            if (_payload != null)
            {
                if ((_token == 0 && waited >= RetryMs) || (_token != 0 && waited >= AckTimeoutMs)) Send();
                return;
            }
            if (waited < MinIntervalMs || !_log.ReadNext(_entry)) return;
            try
            {
                _writer.Reset();
                LogEntryJson.Write(_writer, _entry);
            }
            catch (Exception)
            {
                return; // not representable (a time outside years 1-9999): skipped, the next one goes
            }
            _payload = _writer.ToArray();
            _seq = _entry.Seq;
            Send();
        }

        private void Send()
        {
            _sentAt = _now;
            try
            {
                _token = _transport.Publish(_topic, _payload, MqttQos.AtLeastOnce, false);
            }
            catch (Exception)
            {
                _token = 0;
            }
        }
    }
}

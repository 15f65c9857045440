using System;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Gateway.Core;
using Gateway.Core.Messaging;
using Gateway.Core.Settings;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace Gateway.Esp32.Adapters
{
    /// <summary>Core's MQTT port over nanoFramework.M2Mqtt: TLS with the installer's CA, last will, reconnect with backoff, PUBACKs reported as tokens.</summary>
    /// <remarks>
    /// A fresh MqttClient per connection attempt: after a drop the old one is disposed rather
    /// than reused. Every call into the listener is made under the box's gate, the same lock
    /// the GPIO handlers and the main loop take, because Core is single-threaded. An attempt
    /// starts only when the box permits it (GatewayBox.ConnectWaitReason): a TLS handshake stops
    /// every managed thread while it runs.
    /// </remarks>
    internal sealed class M2MqttTransport : IMqttTransport
    {
        private const int FirstRetryMs = 1000;
        private const int MaxRetryMs = 60000;
        // How often a held-back attempt asks again (ConnectPermit): well within a ring cycle or a dial pause.
        private const int PermitPollMs = 250;

        /// <summary>The box's hardware id, named in its last will; set before the first connection.</summary>
        public string Hw = "";

        private readonly BoxSettings _settings;
        private readonly MessagingTopics _topics;
        private readonly X509Certificate _ca;
        private readonly object _gate;
        private readonly FlashLog _log;
        private readonly AutoResetEvent _dropped = new AutoResetEvent(false);
        private readonly Random _jitter = new Random();
        private IMqttListener _listener;
        private MqttClient _client;
        private GatewayBox _box;
        // True while _client is inside Connect: a close then is a failed attempt, not a session's end.
        // (No volatile in nanoFramework's mscorlib; the interpreter reads fields from memory every time.)
        private bool _connecting;
        // Subscriptions awaiting their SUBACK, by message id (Core makes a handful per session).
        private const int MaxPendingSubscriptions = 4;
        private readonly ushort[] _subscribeIds = new ushort[MaxPendingSubscriptions];
        private readonly string[] _subscribeFilters = new string[MaxPendingSubscriptions];
        private int _nextSubscribeSlot;
        private bool _clockWaitLogged;
        private int _failures;
        private string _loggedError;
        private long _connectedAtMs;

        /// <summary>Last connection failure, for the log and troubleshooting.</summary>
        public string LastError;

        public M2MqttTransport(BoxSettings settings, MessagingTopics topics, X509Certificate ca, object gate, FlashLog log)
        {
            _settings = settings;
            _topics = topics;
            _ca = ca;
            _gate = gate;
            _log = log;
        }

        public bool IsConnected
        {
            get { MqttClient c = _client; return c != null && c.IsConnected; }
        }

        public void SetListener(IMqttListener listener)
        {
            _listener = listener;
        }

        /// <summary>Starts the thread that connects, and reconnects after every drop; each attempt
        /// waits until <paramref name="box"/> permits it (<see cref="GatewayBox.ConnectWaitReason"/>).</summary>
        public void Start(GatewayBox box)
        {
            _box = box;
            new Thread(ConnectLoop).Start();
        }

        public int Publish(string topic, byte[] payload, MqttQos qos, bool retain)
        {
            MqttClient c = _client;
            if (c == null || !c.IsConnected) return 0;
            try
            {
                return c.Publish(topic, payload, null, null, ToLevel(qos), retain);
            }
            catch (Exception e)
            {
                // Dropped between the check and the call: Core keeps the message and retries.
                LastError = "publish: " + e.Message;
                return 0;
            }
        }

        public void Subscribe(string topicFilter, MqttQos qos)
        {
            MqttClient c = _client;
            if (c == null || !c.IsConnected) return;
            int slot = _nextSubscribeSlot;
            _nextSubscribeSlot = (slot + 1) % MaxPendingSubscriptions;
            _subscribeFilters[slot] = topicFilter;
            _subscribeIds[slot] = c.Subscribe(new string[] { topicFilter }, new MqttQoSLevel[] { ToLevel(qos) });
        }

        private void ConnectLoop()
        {
            int delayMs = FirstRetryMs;
            while (true)
            {
                WaitForPermit();
                if (TryConnect())
                {
                    delayMs = FirstRetryMs;
                    _dropped.WaitOne();
                }
                else
                {
                    // Full jitter, so a fleet that lost the broker together does not return together.
                    Thread.Sleep(delayMs / 2 + _jitter.Next(delayMs / 2 + 1));
                    delayMs = delayMs >= MaxRetryMs / 2 ? MaxRetryMs : delayMs * 2;
                }
            }
        }

        // A TLS handshake stops every managed thread while it runs (Core's ConnectPermit says when
        // one may start). Held back for as long as the box says; records wait in the outbox.
        private void WaitForPermit()
        {
            while (true)
            {
                string reason = _box.ConnectWaitReason(_settings.tls);
                if (reason == null) return;
                // Line waits are routine; the clock wait is worth one line (UDP 123 blocked?).
                if (reason == ConnectPermit.WaitForClock && !_clockWaitLogged)
                {
                    _clockWaitLogged = true;
                    _log.Info("mqtt: " + reason);
                }
                Thread.Sleep(PermitPollMs);
            }
        }

        private bool TryConnect()
        {
            MqttClient old = _client;
            _client = null;
            if (old != null)
            {
                try { old.Dispose(); } catch (Exception) { }
            }
            MqttClient c = null;
            try
            {
                c = new MqttClient(_settings.brokerHost, _settings.brokerPort, _settings.tls, _ca, null,
                    _settings.tls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                // Not MQTT 5, although its CONNECT could declare a Maximum Packet Size: M2Mqtt 5.1.220's
                // PUBACK parser loses the 3-byte PUBACK Mosquitto sends when nobody subscribes
                // (docs/nanoframework.md). The box's receive limit is the broker's max_packet_size.
                c.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
                c.MqttMsgPublished += OnPublished;
                c.MqttMsgPublishReceived += OnReceived;
                c.ConnectionClosed += OnClosed;
                c.MqttMsgSubscribed += OnSubscribed;
                string user = _settings.brokerUser == null || _settings.brokerUser.Length == 0 ? null : _settings.brokerUser;
                string password = user == null ? null : _settings.brokerPassword;
                // _client is set before Connect: M2Mqtt starts its dispatch thread inside Connect
                // (MqttClient.cs:550 at 8208787), and a close raised there before Connect returned
                // came from a client that was not yet _client, was ignored, and left ConnectLoop
                // waiting for ever for a drop that had already happened. Now OnClosed sees it and,
                // while _connecting, only signals _dropped; the check after Connect makes it a
                // failed attempt (back-off and retry).
                _dropped.Reset();
                _connecting = true;
                _connectedAtMs = MonotonicClock.NowMs();
                _client = c;
                // The connection contract of docs/mqtt.md ("Connection"): client id = box id, clean
                // session (the outbox, not the broker session, carries unacknowledged records; the
                // retained rules/set comes again with each subscription), the will with its time.
                MqttReasonCode code = c.Connect(_settings.boxId, user, password,
                    true, MqttQoSLevel.AtLeastOnce, true, _topics.Status, _box.WillPayloadText(Hw, _connectedAtMs),
                    true, (ushort)_settings.keepAliveSeconds);
                if (code != MqttReasonCode.Success)
                {
                    // The number, spelled out: nanoFramework's enum ToString gives it anyway, not the name.
                    LastError = "broker refused the connection: MQTT reason code " + (int)code;
                    return Failed(c);
                }
                _connecting = false;
                if (_dropped.WaitOne(0, false))
                {
                    LastError = "connection to " + _settings.brokerHost + ":" + _settings.brokerPort + " closed while connecting";
                    return Failed(c);
                }
            }
            catch (Exception e)
            {
                LastError = "cannot connect to " + _settings.brokerHost + ":" + _settings.brokerPort + ": " + e.Message;
                return Failed(c);
            }
            LastError = null;
            _log.Info("mqtt: connected to " + _settings.brokerHost + ":" + _settings.brokerPort + (_settings.tls ? " (TLS)" : "")
                + (_failures > 0 ? " after " + (_failures + 1) + " attempts" : ""));
            _failures = 0;
            _loggedError = null;
            _connectedAtMs = MonotonicClock.NowMs();
            IMqttListener l = _listener;
            if (l != null) lock (_gate) l.OnConnected();
            return true;
        }

        private bool Failed(MqttClient c)
        {
            _connecting = false;
            _client = null;
            LogFailure();
            if (c != null)
            {
                try { c.Dispose(); } catch (Exception) { }
            }
            return false;
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            if (sender != _client) return;
            IMqttListener l = _listener;
            if (l != null) lock (_gate) l.OnPublished(e.MessageId, e.IsPublished);
        }

        private void OnReceived(object sender, MqttMsgPublishEventArgs e)
        {
            if (sender != _client) return;
            IMqttListener l = _listener;
            if (l != null) lock (_gate) l.OnMessage(e.Topic, e.Message, e.Retain);
        }

        // A refused SUBACK is a fault (BoxLink): an ACL that denies rules/set leaves the box without rule updates.
        private void OnSubscribed(object sender, MqttMsgSubscribedEventArgs e)
        {
            if (sender != _client) return;
            IMqttListener l = _listener;
            // Under the gate first: Subscribe runs under it, so the slots hold the ids it got.
            lock (_gate)
            {
                int slot = 0;
                while (slot < MaxPendingSubscriptions && (_subscribeFilters[slot] == null || _subscribeIds[slot] != e.MessageId)) slot++;
                if (slot == MaxPendingSubscriptions) return;
                string filter = _subscribeFilters[slot];
                _subscribeFilters[slot] = null;
                MqttQoSLevel[] levels = e.GrantedQoSLevels;
                bool granted = levels != null && levels.Length > 0 && (int)levels[0] < (int)MqttQoSLevel.GrantedFailure;
                if (!granted) _log.Error("mqtt: the broker refused the subscription to " + filter + " (SUBACK failure)");
                if (l != null) l.OnSubscribed(filter, granted);
            }
        }

        private void OnClosed(object sender, EventArgs e)
        {
            if (sender != _client) return;
            if (_connecting)
            {
                // Closed inside Connect: TryConnect turns it into a failed attempt; the listener never heard OnConnected.
                _dropped.Set();
                return;
            }
            // MQTT 3.1.1 gives no reason for a closed connection; how long it lasted says most.
            _log.Warning("mqtt: connection closed after " + (MonotonicClock.NowMs() - _connectedAtMs) / 1000 + " s");
            IMqttListener l = _listener;
            if (l != null) lock (_gate) l.OnDisconnected();
            _dropped.Set();
        }

        // Attempts 1, 2, 4, 8, ... and every new reason: a long outage must not fill the 8 KiB log with one line.
        private void LogFailure()
        {
            _failures++;
            if (LastError == _loggedError && (_failures & (_failures - 1)) != 0) return;
            _log.Warning("mqtt: " + LastError + " (attempt " + _failures + ")");
            _loggedError = LastError;
        }

        private static MqttQoSLevel ToLevel(MqttQos qos)
        {
            return qos == MqttQos.AtLeastOnce ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce;
        }
    }
}

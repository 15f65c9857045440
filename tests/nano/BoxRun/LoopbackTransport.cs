using System;
using Gateway.Core.Messaging;

namespace Gateway.Nano.BoxRun
{
    /// <summary>An MQTT transport that is always connected and whose broker acknowledges every QoS 1
    /// publish at the next step; it prints the payload of every call record published, which is
    /// what `gateway simulate` prints on stdout.</summary>
    internal sealed class LoopbackTransport : IMqttTransport
    {
        private readonly string _callsTopic;
        private readonly int[] _pending = new int[64];
        private readonly int[] _acking = new int[64];
        private int _pendingCount;
        private int _lastToken;
        private IMqttListener _listener;

        /// <summary>Call records, live events and other messages published.</summary>
        public int Records, LiveEvents, Others;

        public LoopbackTransport(string callsTopic)
        {
            _callsTopic = callsTopic;
        }

        public bool IsConnected { get { return true; } }

        public int Publish(string topic, byte[] payload, MqttQos qos, bool retain)
        {
            if (topic == _callsTopic)
            {
                Records++;
                Console.WriteLine(Utf8.GetString(payload, 0, payload.Length));
            }
            else if (qos == MqttQos.AtMostOnce) LiveEvents++;
            else Others++;
            int token = ++_lastToken;
            if (qos == MqttQos.AtLeastOnce)
            {
                if (_pendingCount == _pending.Length) throw new InvalidOperationException("more than " + _pending.Length + " publishes unacknowledged");
                _pending[_pendingCount++] = token;
            }
            // As a broker does: the box subscribes to its own status and gets it back.
            if (_echoTopic != null && topic == _echoTopic) _listener.OnMessage(topic, payload, false);
            return token;
        }

        public void Subscribe(string topicFilter, MqttQos qos)
        {
            if (topicFilter.EndsWith("/status")) _echoTopic = topicFilter;
        }

        private string _echoTopic;

        public void SetListener(IMqttListener listener) { _listener = listener; }

        /// <summary>The broker's PUBACKs for what was published before this step (an ack may publish more).</summary>
        public void Acknowledge()
        {
            int n = _pendingCount;
            if (n == 0) return;
            Array.Copy(_pending, _acking, n);
            _pendingCount = 0;
            for (int i = 0; i < n; i++) _listener.OnPublished(_acking[i], true);
        }
    }
}

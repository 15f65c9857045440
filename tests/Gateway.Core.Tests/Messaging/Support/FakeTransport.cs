using System.Collections.Generic;
using System.Text;
using Gateway.Core.Messaging;

namespace Gateway.Core.Tests.Messaging.Support
{
    /// <summary>An MQTT client double: records publishes, hands out tokens, lets the test connect,
    /// drop and acknowledge.</summary>
    internal sealed class FakeTransport : IMqttTransport
    {
        public sealed class Message
        {
            public string Topic;
            public byte[] Payload;
            public MqttQos Qos;
            public bool Retain;
            public int Token;
            public string Text { get { return Encoding.UTF8.GetString(Payload); } }
        }

        public readonly List<Message> Sent = new List<Message>();
        public readonly List<string> Subscriptions = new List<string>();
        public IMqttListener Listener;
        public bool Connected;
        /// <summary>When true, Publish refuses (returns 0) although connected (client queue full).</summary>
        public bool Refuse;
        private int _nextToken = 1;

        public bool IsConnected { get { return Connected; } }

        public int Publish(string topic, byte[] payload, MqttQos qos, bool retain)
        {
            if (!Connected || Refuse) return 0;
            int token = _nextToken++;
            Sent.Add(new Message { Topic = topic, Payload = payload, Qos = qos, Retain = retain, Token = token });
            return token;
        }

        public void Subscribe(string topicFilter, MqttQos qos) { Subscriptions.Add(topicFilter); }

        public void SetListener(IMqttListener listener) { Listener = listener; }

        public void Connect()
        {
            Connected = true;
            Listener.OnConnected();
        }

        public void Drop()
        {
            Connected = false;
            Listener.OnDisconnected();
        }

        public List<Message> On(string topic)
        {
            return Sent.FindAll(m => m.Topic == topic);
        }

        public Message Last(string topic)
        {
            List<Message> l = On(topic);
            return l.Count == 0 ? null : l[l.Count - 1];
        }

        /// <summary>Seq field of each calls message, in publish order.</summary>
        public List<long> CallSeqs(string callsTopic)
        {
            List<long> seqs = new List<long>();
            foreach (Message m in On(callsTopic))
            {
                using (System.Text.Json.JsonDocument d = System.Text.Json.JsonDocument.Parse(m.Payload))
                    seqs.Add(d.RootElement.GetProperty("seq").GetInt64());
            }
            return seqs;
        }
    }
}

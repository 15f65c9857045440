using System.Collections;
using System.Text;
using Gateway.Core.Messaging;

namespace Gateway.Core.Tests.Messaging.Support
{
    /// <summary>An MQTT client double: records publishes, hands out tokens, lets the test connect,
    /// drop and acknowledge. ArrayList and arrays rather than generics so the device build has it too;
    /// FakeTransport.Host.cs cross-checks the seq reading with a real JSON parser on the host.</summary>
    internal sealed partial class FakeTransport : IMqttTransport
    {
        public sealed class Message
        {
            public string Topic;
            public byte[] Payload;
            public MqttQos Qos;
            public bool Retain;
            public int Token;
            public string Text { get { return Encoding.UTF8.GetString(Payload, 0, Payload.Length); } }
        }

        /// <summary>Every <see cref="Message"/> published, in order.</summary>
        public readonly ArrayList Sent = new ArrayList();
        /// <summary>Topic filters subscribed to (strings), in order.</summary>
        public readonly ArrayList Subscriptions = new ArrayList();
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
            // As a broker does: a subscriber of the topic gets it (the box subscribes to its own status).
            if (Echo && Subscriptions.Contains(topic)) Listener.OnMessage(topic, payload, false);
            return token;
        }

        /// <summary>When true (the default), a publish on a topic the listener subscribed to is
        /// delivered back to it, as a broker does; false plays a broker whose ACL swallows it.</summary>
        public bool Echo = true;

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

        /// <summary>The i-th publish.</summary>
        public Message SentAt(int i) { return (Message)Sent[i]; }

        public Message[] On(string topic)
        {
            int n = 0;
            foreach (Message m in Sent)
                if (m.Topic == topic) n++;
            Message[] found = new Message[n];
            n = 0;
            foreach (Message m in Sent)
                if (m.Topic == topic) found[n++] = m;
            return found;
        }

        public Message Last(string topic)
        {
            Message[] l = On(topic);
            return l.Length == 0 ? null : l[l.Length - 1];
        }

        /// <summary>Seq field of each calls message, in publish order, comma-separated ("1,2,3").</summary>
        public string CallSeqs(string callsTopic)
        {
            string seqs = "";
            foreach (Message m in On(callsTopic))
            {
                long seq = SeqOf(m);
                CheckSeq(m, seq);
                seqs += (seqs.Length == 0 ? "" : ",") + seq;
            }
            return seqs;
        }

        /// <summary>The seq of a calls message: CallRecordJson writes it first, {"seq":N,...</summary>
        public static long SeqOf(Message m)
        {
            const string prefix = "{\"seq\":";
            string text = m.Text;
            if (!text.StartsWith(prefix)) throw new System.InvalidOperationException("not a call record: " + text);
            long v = 0;
            int i = prefix.Length;
            for (; i < text.Length && text[i] >= '0' && text[i] <= '9'; i++) v = v * 10 + (text[i] - '0');
            if (i == prefix.Length || i == text.Length || text[i] != ',') throw new System.InvalidOperationException("no seq in " + text);
            return v;
        }

        // Host only (FakeTransport.Host.cs): the seq read by a real JSON parser must agree.
        partial void CheckSeq(Message m, long seq);
    }
}

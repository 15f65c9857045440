using Gateway.Core.Messaging;
using Gateway.Core.Status;

namespace Gateway.Esp32.Adapters
{
    /// <summary>Publishes wiring self-test reports on the events topic (QoS 0: a live view, nothing to keep).</summary>
    internal sealed class SelfTestPublisher : ISelfTestReportSink
    {
        private readonly IMqttTransport _transport;
        private readonly string _topic;

        public SelfTestPublisher(IMqttTransport transport, string topic)
        {
            _transport = transport;
            _topic = topic;
        }

        public void OnSelfTestReport(byte[] json)
        {
            _transport.Publish(_topic, json, MqttQos.AtMostOnce, false);
        }
    }
}

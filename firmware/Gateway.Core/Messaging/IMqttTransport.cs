namespace Gateway.Core.Messaging
{
    /// <summary>The MQTT client port: M2Mqtt on the device, MQTTnet on the host, a fake in tests.</summary>
    /// <remarks>
    /// Connection settings (broker, credentials, TLS, last will, reconnect backoff) belong to the
    /// adapter's constructor; Core only publishes, subscribes and hears back through the listener.
    /// </remarks>
    public interface IMqttTransport
    {
        bool IsConnected { get; }

        /// <summary>Queues a publish. Returns a token (&gt; 0) that the listener's OnPublished
        /// reports back for QoS 1, or 0 when the message could not be handed to the client (not
        /// connected): the caller keeps it and retries later.</summary>
        int Publish(string topic, byte[] payload, MqttQos qos, bool retain);

        void Subscribe(string topicFilter, MqttQos qos);

        void SetListener(IMqttListener listener);
    }

    /// <summary>What the MQTT adapter reports back to Core.</summary>
    public interface IMqttListener
    {
        /// <summary>The session is (re)established: republish status, resubscribe, flush the outbox.</summary>
        void OnConnected();

        void OnDisconnected();

        void OnMessage(string topic, byte[] payload, bool retained);

        /// <summary>The broker answered a subscription (SUBACK): <paramref name="granted"/> is false when
        /// it refused it (MQTT 3.1.1 return code 0x80, e.g. an ACL that denies the filter).</summary>
        void OnSubscribed(string topicFilter, bool granted);

        /// <summary>A QoS 1 publish with this token was acknowledged by the broker (PUBACK), or
        /// given up on by the client (acknowledged = false).</summary>
        void OnPublished(int token, bool acknowledged);
    }
}

namespace Gateway.Core.Messaging
{
    /// <summary>MQTT quality of service levels the box uses (MQTT 3.1.1 section 4.3).</summary>
    public enum MqttQos
    {
        AtMostOnce = 0,
        AtLeastOnce = 1,
    }
}

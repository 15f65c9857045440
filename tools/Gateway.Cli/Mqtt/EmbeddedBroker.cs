using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;

namespace Gateway.Cli.Mqtt;

/// <summary>An in-process MQTT broker on 127.0.0.1, so `gateway simulate` runs the whole box,
/// network side included, with nothing installed.</summary>
/// <remarks>Keeps sessions and retained messages in memory only; for anything that must survive
/// the process, point --broker at Mosquitto.</remarks>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    readonly MqttServer server;

    EmbeddedBroker(MqttServer server, int port)
    {
        this.server = server;
        Port = port;
    }

    public int Port { get; }

    /// <summary>How a client reaches it.</summary>
    public BrokerOptions Options => new() { Host = "127.0.0.1", Port = Port };

    /// <summary>Starts a broker on a free loopback port (or the given one).</summary>
    public static async Task<EmbeddedBroker> StartAsync(int port = 0)
    {
        for (int attempt = 1; ; attempt++)
        {
            int chosen = port != 0 ? port : FreeLoopbackPort();
            MqttServerOptions options = new MqttServerOptionsBuilder()
                .WithDefaultEndpoint()
                .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
                .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
                .WithDefaultEndpointPort(chosen)
                .WithPersistentSessions()
                .Build();
            MqttServer server = new MqttServerFactory().CreateMqttServer(options);
            try
            {
                await server.StartAsync();
                return new EmbeddedBroker(server, chosen);
            }
            catch (SocketException) when (port == 0 && attempt < 5)
            {
                server.Dispose(); // another process took the port between probe and bind
            }
        }
    }

    /// <summary>A port the OS just reported free on 127.0.0.1.</summary>
    public static int FreeLoopbackPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await server.StopAsync();
        server.Dispose();
    }
}

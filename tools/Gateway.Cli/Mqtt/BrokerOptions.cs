using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;

namespace Gateway.Cli.Mqtt;

/// <summary>Where and how to reach the broker: from --broker, --user, --password, --tls, --ca (<see cref="BrokerArguments"/>).</summary>
public sealed class BrokerOptions
{
    /// <summary>IANA-registered MQTT ports (RFC 6335 registry: 1883 mqtt, 8883 secure-mqtt).</summary>
    public const int DefaultPort = 1883, DefaultTlsPort = 8883;

    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = DefaultPort;
    public bool Tls { get; init; }
    /// <summary>PEM (or DER) file with the CA that alone may vouch for the broker; null = system trust.</summary>
    public string? CaFile { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }

    /// <summary>Read for the password when --user is given without --password, so it need not
    /// appear in the process list or shell history.</summary>
    public const string PasswordVariable = "GATEWAY_MQTT_PASSWORD";

    public override string ToString() => $"{(Tls ? "mqtts" : "mqtt")}://{Host}:{Port}";

    /// <summary>The broker the options name, or null when no --broker was given. Throws
    /// <see cref="UsageException"/> for a malformed or incomplete combination, or an unreadable CA.</summary>
    public static BrokerOptions? From(string? url, string? user, string? password, bool tls, string? ca)
    {
        if (url == null)
        {
            if (user != null || password != null || tls || ca != null)
                throw new UsageException("--user, --password, --tls and --ca need --broker mqtt://HOST:PORT");
            return null;
        }
        if (password != null && user == null)
            throw new UsageException("--password needs --user");
        if (user != null && password == null)
            password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (ca != null && !File.Exists(ca))
            throw new UsageException($"--ca: file not found: {ca}");

        (string host, int? port, bool schemeTls) = ParseUrl(url);
        tls = tls || schemeTls || ca != null;
        var options = new BrokerOptions
        {
            Host = host,
            Port = port ?? (tls ? DefaultTlsPort : DefaultPort),
            Tls = tls,
            CaFile = ca,
            User = user,
            Password = password,
        };
        if (ca != null)
            options.LoadCa(); // fail now, with the file name, rather than on every reconnect
        return options;
    }

    static (string Host, int? Port, bool Tls) ParseUrl(string url)
    {
        string text = url.Contains("://", StringComparison.Ordinal) ? url : "mqtt://" + url;
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
            throw new UsageException($"--broker: '{url}' is not mqtt://HOST[:PORT]");
        bool tls = uri.Scheme switch
        {
            "mqtt" or "tcp" => false,
            "mqtts" or "ssl" or "tls" => true,
            _ => throw new UsageException($"--broker: scheme '{uri.Scheme}' is not mqtt:// or mqtts://"),
        };
        if (uri.AbsolutePath is not ("" or "/") || uri.Query != "")
            throw new UsageException($"--broker: '{url}' has a path; give only mqtt://HOST[:PORT]");
        int? port = uri.IsDefaultPort || uri.Port < 0 ? null : uri.Port;
        if (port is 0)
            throw new UsageException($"--broker: port 0 in '{url}'");
        return (uri.IdnHost, port, tls);
    }

    /// <summary>MQTTnet client options for this broker: MQTT 3.1.1 like the device's M2Mqtt client.</summary>
    public MqttClientOptionsBuilder ClientOptions(string clientId)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(Host, Port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (User != null)
            builder.WithCredentials(User, Password ?? "");
        if (Tls)
        {
            X509Certificate2Collection? ca = CaFile == null ? null : LoadCa();
            builder.WithTlsOptions(o =>
            {
                o.UseTls().WithTargetHost(Host);
                if (ca != null)
                    o.WithCertificateValidationHandler(e => ChainsToCa(e.Certificate, e.SslPolicyErrors, ca));
            });
        }
        return builder;
    }

    X509Certificate2Collection LoadCa()
    {
        var certs = new X509Certificate2Collection();
        try
        {
            string text = File.ReadAllText(CaFile!);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                certs.ImportFromPem(text);
            else
                certs.Add(X509CertificateLoader.LoadCertificateFromFile(CaFile!));
        }
        catch (Exception e) when (e is CryptographicException or IOException)
        {
            throw new UsageException($"--ca: cannot read a certificate from {CaFile}: {e.Message}");
        }
        if (certs.Count == 0)
            throw new UsageException($"--ca: no certificate in {CaFile}");
        return certs;
    }

    /// <summary>Accepts the broker's certificate only if it names the host and chains to the given
    /// CA: the system trust store is deliberately not consulted.</summary>
    internal static bool ChainsToCa(X509Certificate? presented, SslPolicyErrors errors, X509Certificate2Collection ca)
    {
        if (presented == null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = presented as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(leaf);
    }
}

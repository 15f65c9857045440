using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Integration.Tests.Support;

/// <summary>A throwaway CA and a server certificate for 127.0.0.1/localhost it signed, written as
/// PEM files Mosquitto and `--ca` read (made with .NET's CertificateRequest: no openssl needed).</summary>
public sealed class TestCertificates
{
    public required string CaFile { get; init; }
    public required string ServerCertFile { get; init; }
    public required string ServerKeyFile { get; init; }

    public static TestCertificates Create(string directory, string name)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN=Gateway test CA {name}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // id-kp-serverAuth (RFC 5280)
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using X509Certificate2 server = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), serial);

        var files = new TestCertificates
        {
            CaFile = Path.Combine(directory, name + "-ca.crt"),
            ServerCertFile = Path.Combine(directory, name + "-server.crt"),
            ServerKeyFile = Path.Combine(directory, name + "-server.key"),
        };
        File.WriteAllText(files.CaFile, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(files.ServerCertFile, server.ExportCertificatePem() + "\n");
        File.WriteAllText(files.ServerKeyFile, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        return files;
    }
}

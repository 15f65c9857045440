using System.Diagnostics;

namespace Gateway.Integration.Tests.Support;

/// <summary>Mosquitto configured like docs/mosquitto/: password file, the shipped ACL, TLS.</summary>
public static class BrokerAuth
{
    /// <summary>Listener lines: password file and ACL, and the shipped listener's client id binding.</summary>
    public static string Config => "allow_anonymous false\npassword_file {dir}/passwords\nacl_file {dir}/acl\n"
        + (Mosquitto.ShippedSetting("use_username_as_clientid") is string v ? $"use_username_as_clientid {v}\n" : "");

    public static string TlsConfig(TestCertificates certs) =>
        $"allow_anonymous true\ncafile {certs.CaFile}\ncertfile {certs.ServerCertFile}\nkeyfile {certs.ServerKeyFile}\n";

    /// <summary>Writes the password file with mosquitto_passwd (the recipe docs/mosquitto/README.md
    /// gives) and copies the shipped example ACL beside it.</summary>
    public static void Prepare(string dir, params (string User, string Password)[] users)
    {
        string passwords = Path.Combine(dir, "passwords");
        File.WriteAllText(passwords, "");
        foreach ((string user, string password) in users)
            Run(PasswdBinary, "-b", passwords, user, password);
        File.Copy(Path.Combine(Repo.Root, "docs", "mosquitto", "gateway.acl"), Path.Combine(dir, "acl"));
    }

    static string PasswdBinary => new[] { "/usr/bin/mosquitto_passwd" }.FirstOrDefault(File.Exists)
        ?? Mosquitto.OnPath("mosquitto_passwd")
        ?? throw new InvalidOperationException("mosquitto_passwd not found: install it with 'apt-get install mosquitto'");

    static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {err}");
    }
}

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory);
    }
}

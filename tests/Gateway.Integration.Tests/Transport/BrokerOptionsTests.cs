using System.CommandLine;
using Gateway.Cli;
using Gateway.Cli.Mqtt;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.Transport;

/// <summary>Parsing of --broker, --user, --password, --tls, --ca (no broker needed).</summary>
[TestClass]
public class BrokerOptionsTests
{
    /// <summary>The broker options as a command reads them: parsed by the command line, then checked together.</summary>
    static BrokerOptions? Take(params string[] args)
    {
        var command = new Command("test");
        var broker = new BrokerArguments(command, "none");
        ParseResult parsed = command.Parse(args, GatewayCommandLine.Configuration);
        if (parsed.Errors.Count > 0)
            throw new UsageException(string.Join("; ", UsageErrors.Describe(parsed)));
        return broker.Read(parsed);
    }

    static string UsageError(params string[] args)
    {
        try
        {
            Take(args);
        }
        catch (UsageException e)
        {
            return e.Message;
        }
        Assert.Fail("no usage error for " + string.Join(' ', args));
        return "";
    }

    [TestMethod]
    public void No_broker_option_means_none() => Assert.IsNull(Take());

    [TestMethod]
    public void Broker_url_gives_host_and_port()
    {
        BrokerOptions b = Take("--broker", "mqtt://10.1.2.3:1884", "--user", "box-1", "--password", "pw")!;
        Assert.AreEqual("10.1.2.3", b.Host);
        Assert.AreEqual(1884, b.Port);
        Assert.IsFalse(b.Tls);
        Assert.AreEqual("box-1", b.User);
        Assert.AreEqual("pw", b.Password);
    }

    [TestMethod]
    public void A_password_may_start_with_dashes_and_be_given_with_an_equals_sign()
    {
        Assert.AreEqual("--x", Take("--broker", "mqtt://x", "--user", "u", "--password=--x")!.Password);
        Assert.AreEqual("--x", Take("--broker", "mqtt://x", "--user", "u", "--password", "--x")!.Password);
        Assert.AreEqual("@p=q", Take("--broker=mqtt://x", "--user=u", "--password=@p=q")!.Password);
    }

    [TestMethod]
    public void Without_password_the_environment_variable_gives_it()
    {
        Environment.SetEnvironmentVariable(BrokerOptions.PasswordVariable, "from-env");
        try
        {
            Assert.AreEqual("from-env", Take("--broker", "mqtt://x", "--user", "box-1")!.Password);
            Assert.AreEqual("given", Take("--broker", "mqtt://x", "--user", "box-1", "--password", "given")!.Password);
        }
        finally
        {
            Environment.SetEnvironmentVariable(BrokerOptions.PasswordVariable, null);
        }
        Assert.IsNull(Take("--broker", "mqtt://x", "--user", "box-1")!.Password);
    }

    [TestMethod]
    public void Default_ports_are_1883_plain_and_8883_with_tls()
    {
        Assert.AreEqual(1883, Take("--broker", "mqtt://broker.lan")!.Port);
        Assert.AreEqual(8883, Take("--broker", "mqtts://broker.lan")!.Port);
        Assert.AreEqual(8883, Take("--broker", "broker.lan", "--tls")!.Port);
        Assert.IsTrue(Take("--broker", "mqtts://broker.lan")!.Tls);
    }

    [TestMethod]
    public void Bad_broker_options_are_usage_errors_naming_the_option()
    {
        StringAssert.Contains(UsageError("--broker", "http://x:80"), "scheme 'http'");
        StringAssert.Contains(UsageError("--broker", "mqtt://x:1883/path"), "has a path");
        StringAssert.Contains(UsageError("--broker"), "--broker needs a value");
        StringAssert.Contains(UsageError("--user", "u"), "need --broker");
        StringAssert.Contains(UsageError("--broker", "mqtt://x", "--password", "p"), "--password needs --user");
        StringAssert.Contains(UsageError("--broker", "mqtt://x", "--tls", "--ca", "/nonexistent/ca.crt"), "--ca: file not found: /nonexistent/ca.crt");
        StringAssert.Contains(UsageError("--broker", "mqtt://x", "--broker", "mqtt://y"), "--broker given twice");
    }

    [TestMethod]
    public void A_ca_file_without_a_certificate_is_a_usage_error()
    {
        string file = Path.GetTempFileName();
        File.WriteAllText(file, "not a certificate");
        StringAssert.Contains(UsageError("--broker", "mqtts://x", "--ca", file), "--ca: cannot read a certificate from " + file);
    }

    [TestMethod]
    public void Backoff_doubles_from_one_second_to_a_thirty_second_cap()
    {
        ReconnectBackoff b = ReconnectBackoff.Default;
        double[] seconds = Enumerable.Range(1, 8).Select(a => b.DelayBefore(a).TotalSeconds).ToArray();
        CollectionAssert.AreEqual(new double[] { 1, 2, 4, 8, 16, 30, 30, 30 }, seconds);
        Assert.AreEqual(TimeSpan.FromSeconds(30), b.DelayBefore(1000));
    }
}

using System.Text;
using Gateway.Cli;
using Gateway.Core.Messaging;
using Gateway.Core.Rules;
using Gateway.Integration.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Integration.Tests.Commands;

/// <summary>What `gateway rules push` sends and how it reads the answer (no broker needed).</summary>
[TestClass]
public class RulesPushFormatTests
{
    [TestMethod]
    public void A_text_update_is_schema_valid_and_the_box_parser_reads_it_back()
    {
        byte[] rules = Encoding.UTF8.GetBytes("block 0900\nallow 09001\n");

        byte[] payload = RulesPushCommand.Encode("2026-11-25.1", false, rules);

        Assert.IsNull(Schemas.Problems("rules-set.schema.json", Encoding.UTF8.GetString(payload)));
        RuleUpdateRequest? read = RuleUpdateRequest.Parse(payload, RuleUpdateRequest.DefaultMaxPayloadBytes, out string reason);
        Assert.IsNotNull(read, reason);
        Assert.AreEqual("2026-11-25.1", read.Version);
        Assert.IsFalse(read.IsImage);
        CollectionAssert.AreEqual(rules, read.Body);
    }

    [TestMethod]
    public void An_image_update_is_schema_valid_and_the_box_parser_reads_it_back()
    {
        Assert.IsTrue(RuleTextParser.TryParse(Encoding.UTF8.GetBytes("block 00\n"), out RuleSet set, out string error), error);
        byte[] image = RuleImage.Write(RuleTrieBuilder.Build(set, "img-3"));

        byte[] payload = RulesPushCommand.Encode("img-3", true, image);

        Assert.IsNull(Schemas.Problems("rules-set.schema.json", Encoding.UTF8.GetString(payload)));
        RuleUpdateRequest? read = RuleUpdateRequest.Parse(payload, RuleUpdateRequest.DefaultMaxPayloadBytes, out string reason);
        Assert.IsNotNull(read, reason);
        Assert.IsTrue(read.IsImage);
        CollectionAssert.AreEqual(image, read.Body);
    }

    [TestMethod]
    public void Only_an_answer_naming_the_pushed_version_counts_and_unchanged_is_success()
    {
        static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

        Assert.IsFalse(RuleStateAnswer.TryRead(B("{\"version\":\"v1\",\"result\":\"applied\",\"requested\":\"v1\"}"), "v2", out _, out _));
        Assert.IsTrue(RuleStateAnswer.TryRead(B("{\"version\":\"v2\",\"result\":\"applied\",\"requested\":\"v2\"}"), "v2", out bool applied, out _));
        Assert.IsTrue(applied);
        Assert.IsTrue(RuleStateAnswer.TryRead(B("{\"version\":\"v2\",\"result\":\"unchanged\",\"requested\":\"v2\"}"), "v2", out applied, out _));
        Assert.IsTrue(applied);
        Assert.IsTrue(RuleStateAnswer.TryRead(B("{\"version\":\"v1\",\"result\":\"refused\",\"requested\":\"v2\",\"reason\":\"line 1\"}"), "v2", out applied, out string text));
        Assert.IsFalse(applied);
        StringAssert.Contains(text, "line 1");
        Assert.IsFalse(RuleStateAnswer.TryRead(B("not json"), "v2", out _, out _));
    }

    [TestMethod]
    public void Missing_box_or_file_is_a_usage_error()
    {
        string file = Path.GetTempFileName();
        File.WriteAllText(file, "block 0900\n");
        var stderr = new StringWriter();
        Assert.AreEqual(2, Program.Run(["rules", "push", file], TextReader.Null, TextWriter.Null, stderr));
        StringAssert.Contains(stderr.ToString(), "--box ID is required");

        stderr = new StringWriter();
        Assert.AreEqual(2, Program.Run(["rules", "push", "/nonexistent/x.rules", "--box", "b1"], TextReader.Null, TextWriter.Null, stderr));
        StringAssert.Contains(stderr.ToString(), "cannot read /nonexistent/x.rules");

        stderr = new StringWriter();
        Assert.AreEqual(2, Program.Run(["rules", "push", file, "--box", "b/1"], TextReader.Null, TextWriter.Null, stderr));
        StringAssert.Contains(stderr.ToString(), "box id contains '/'");
    }
}

using Dashop.Web.Infrastructure.Security;

namespace Dashop.Web.Tests.Security;

/// <summary>UTS #39 mixed-script detection (Highly Restrictive) over the embedded Unicode script data.</summary>
public sealed class UsernameScriptsTests
{
    [TestCase("admin")]
    [TestCase("user_01.name-x")]
    [TestCase("иван")]                 // one script, Cyrillic
    [TestCase("张三")]
    [TestCase("张san_2024")]           // Latin + Han (Chinese)
    [TestCase("山田たろうTaro")]        // Latin + Han + Hiragana (Japanese)
    [TestCase("김철수kim")]             // Latin + Hangul (Korean)
    [TestCase("ㄅㄆ王wang")]            // Latin + Han + Bopomofo
    [TestCase("ゲーム好き")]            // the prolonged sound mark belongs to Hiragana and Katakana
    [TestCase("12345")]                // digits are Common
    public void A_name_of_one_script_or_an_allowed_mix_passes(string name) =>
        Assert.That(UsernameScripts.IsHighlyRestrictive(name), Is.True);

    [TestCase("\u0430dmin")]           // Cyrillic а in a Latin name
    [TestCase("p\u0430yp\u0430l")]
    [TestCase("\u03A9mega")]           // Greek Ω
    [TestCase("abc\u0661\u0662")]      // Arabic-Indic digits are not Common
    [TestCase("\u0430\u4E00")]         // Cyrillic + Han
    [TestCase("\uD55C\u3042")]         // Hangul + Hiragana: no allowed mix holds both
    public void A_name_mixing_scripts_that_look_alike_is_refused(string name) =>
        Assert.That(UsernameScripts.IsHighlyRestrictive(name), Is.False);

    [TestCase('a', "Latn")]
    [TestCase('\u0430', "Cyrl")]
    [TestCase('\u03B1', "Grek")]
    [TestCase('\u4E2D', "Hani")]
    [TestCase('7', "Zyyy")]
    public void The_embedded_data_gives_the_script_of_a_letter(char letter, string script) =>
        Assert.That(UsernameScripts.Of(letter), Is.EqualTo(new[] { script }));

    [Test]
    public void A_character_with_several_scripts_gets_its_script_extensions() =>
        Assert.That(UsernameScripts.Of(0x30FC), Is.EquivalentTo(new[] { "Hira", "Kana" }));

    [Test]
    public void The_data_file_names_its_source_and_licence()
    {
        using var stream = typeof(Program).Assembly.GetManifestResourceStream(UsernameScripts.ResourceName)!;
        var text = new StreamReader(stream).ReadToEnd();
        Assert.That(text, Does.Contain("Scripts.txt").And.Contain("ScriptExtensions.txt").And.Contain("Permission is hereby granted"));
        Assert.That(text.Length, Is.LessThan(16_000), "only the scripts of letters and digits");
    }
}

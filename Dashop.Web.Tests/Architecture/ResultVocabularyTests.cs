using System.Text.RegularExpressions;
using Dashop.Web.Infrastructure.Results;
using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.Architecture;

/// <summary>
/// docs/ARCHITECTURE.md's "one result vocabulary": services answer <see cref="Dashop.Web.Infrastructure.Results.Result"/> or <see cref="Dashop.Web.Infrastructure.Results.Result{T}"/> with a
/// <see cref="Failure"/>, and a type named like a result (…Outcome, …Result, …Error, …Failure) is one of the few the
/// document lists, each kept for the reason it gives. A new one fails here until it is the one result or is listed.
/// </summary>
public sealed partial class ResultVocabularyTests
{
    [Test]
    public void Every_type_named_like_a_result_is_the_one_result_or_one_the_document_lists()
    {
        var named = typeof(Result).Assembly.GetTypes()
            .Where(t => !t.IsNested && t.Namespace?.StartsWith("Dashop.Web", StringComparison.Ordinal) == true && !t.Name.Contains('<', StringComparison.Ordinal))
            .Select(t => t.Name.Split('`')[0])
            .Where(n => ResultLikeName().IsMatch(n))
            .ToHashSet(StringComparer.Ordinal);

        var doc = RepositoryFiles.Read("docs/ARCHITECTURE.md");
        var section = doc[doc.IndexOf("<!-- result-types:start -->", StringComparison.Ordinal)..doc.IndexOf("<!-- result-types:end -->", StringComparison.Ordinal)];
        var listed = ListedType().Matches(section).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.That(named, Is.EquivalentTo(listed),
            "the result-like types of the app against docs/ARCHITECTURE.md's list; the app has: " + string.Join(", ", named.Order(StringComparer.Ordinal)));
    }

    [Test]
    public void A_failed_result_passes_on_to_a_result_with_a_value_and_a_succeeded_one_cannot()
    {
        Result<string> failed = Result.Fail(Failure.Taken, new FieldError(AccountFields.Phone.Name, "taken"));
        Assert.Multiple(() =>
        {
            Assert.That(failed.Succeeded, Is.False);
            Assert.That(failed.Failure, Is.EqualTo(Failure.Taken));
            Assert.That(failed.Error, Is.EqualTo(new FieldError("phone", "taken")));
            Assert.That(failed.WithoutValue().Failure, Is.EqualTo(Failure.Taken));
            Assert.That(() => { Result<string> _ = Result.Ok; }, Throws.InvalidOperationException);
            Assert.That(((Result<string>)"value").Value, Is.EqualTo("value"));
            Assert.That(Result.Invalid("password", "weak").OnField("new_password").Error!.Field, Is.EqualTo("new_password"));
        });
    }

    [GeneratedRegex("(Outcome|Result|Error|Failure)$")]
    private static partial Regex ResultLikeName();

    /// <summary>A type the section names in backticks, e.g. <c>`SendResult`</c>.</summary>
    [GeneratedRegex(@"`([A-Z][A-Za-z]+)`")]
    private static partial Regex ListedType();
}

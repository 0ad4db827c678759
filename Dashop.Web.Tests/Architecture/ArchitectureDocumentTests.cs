using System.Text.RegularExpressions;
using Dashop.Web.Features.Registration;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Dashop.Web.Tests.Architecture;

/// <summary>What docs/ARCHITECTURE.md claims about the code, checked against the compiled assembly.</summary>
public sealed partial class ArchitectureDocumentTests
{
    [Test]
    public void The_documented_feature_dependencies_are_the_codes()
    {
        var doc = RepositoryFiles.Read("docs/ARCHITECTURE.md");
        var table = doc[doc.IndexOf("<!-- feature-edges:start -->", StringComparison.Ordinal)..doc.IndexOf("<!-- feature-edges:end -->", StringComparison.Ordinal)];
        var documented = EdgeRow().Matches(table)
            .Where(m => m.Groups[1].Value != "feature")
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList());
        var actual = FeatureGraph.Edges().Where(e => e.Value.Count > 0).ToDictionary(e => e.Key, e => e.Value.ToList());
        var codeTable = string.Join("\n", actual.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"| {e.Key} | {string.Join(", ", e.Value)} |"));
        Assert.That(documented, Is.EquivalentTo(actual), "docs/ARCHITECTURE.md's feature table against the code, whose rows are:\n" + codeTable);
    }

    /// <summary>
    /// "AccountCreator is the only way an account comes to exist": no other type creates a user through UserManager, and no
    /// other type constructs one, except those that only do the same work for a stranger with it (never stored): the two that
    /// hash a dummy password, and the reset that makes a token for an address with no account.
    /// </summary>
    [Test]
    public void Only_the_account_creator_makes_accounts()
    {
        string[] dummyHashers = ["Dashop.Web.Infrastructure.Security.LegacyAwarePasswordHasher", "Dashop.Web.Features.SignIn.LoginService",
            "Dashop.Web.Features.PasswordReset.PasswordResetService"];
        var creator = typeof(AccountCreator).FullName!;
        var user = typeof(DashopUser).FullName!;
        using var module = ModuleDefinition.ReadModule(typeof(DashopUser).Assembly.Location);
        var offenders = new List<string>();
        foreach (var type in module.GetTypes())
        {
            var owner = OuterMost(type).FullName;
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                foreach (var instruction in method.Body.Instructions)
                {
                    if (instruction.Operand is not MethodReference called)
                        continue;
                    var createsThroughIdentity = instruction.OpCode == OpCodes.Callvirt && called.Name == "CreateAsync"
                        && called.DeclaringType.Name.StartsWith("UserManager", StringComparison.Ordinal);
                    var constructs = instruction.OpCode == OpCodes.Newobj && called.DeclaringType.FullName == user;
                    if (owner == creator || (constructs && dummyHashers.Contains(owner)))
                        continue;
                    if (createsThroughIdentity || constructs)
                        offenders.Add($"{type.FullName}.{method.Name}");
                }
            }
        }
        Assert.That(offenders, Is.Empty);
    }

    private static TypeDefinition OuterMost(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
            type = type.DeclaringType;
        return type;
    }

    [GeneratedRegex(@"^\| (\w+) \| ([\w, ]+) \|$", RegexOptions.Multiline)]
    private static partial Regex EdgeRow();
}

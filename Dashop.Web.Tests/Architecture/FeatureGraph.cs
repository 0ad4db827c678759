using System.Reflection;
using Dashop.Web.Infrastructure.Data;
using NetArchTest.Rules;

namespace Dashop.Web.Tests.Architecture;

/// <summary>
/// Which feature names which, read from the compiled assembly: a feature's types (and its compiled Razor views,
/// <c>AspNetCoreGeneratedDocument.Features_X_*</c>) depending on another feature's namespace.
/// </summary>
public static class FeatureGraph
{
    public const string FeaturesNamespace = "Dashop.Web.Features";

    private static readonly Assembly App = typeof(DashopDbContext).Assembly;

    public static IReadOnlyList<string> Features { get; } = App.GetTypes()
        .Select(t => t.Namespace)
        .Where(n => n is not null && n.StartsWith(FeaturesNamespace + ".", StringComparison.Ordinal))
        .Select(n => n![(FeaturesNamespace.Length + 1)..].Split('.')[0])
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The feature a type belongs to, or null for plumbing and framework types.</summary>
    public static string? FeatureOf(Type? type)
    {
        var ns = type?.Namespace;
        if (ns is null || !ns.StartsWith(FeaturesNamespace + ".", StringComparison.Ordinal))
            return null;
        return ns[(FeaturesNamespace.Length + 1)..].Split('.')[0];
    }

    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Edges()
    {
        var types = Types.InAssembly(App); // read once; each query below filters the same definitions
        var edges = Features.ToDictionary(f => f, _ => new SortedSet<string>(StringComparer.Ordinal));
        foreach (var to in Features)
        {
            foreach (var type in types.That().HaveDependencyOn($"{FeaturesNamespace}.{to}").GetTypes())
            {
                var from = FeatureOf(type) ?? ViewFeatureOf(type);
                if (from is not null && from != to && edges.TryGetValue(from, out var targets))
                    targets.Add(to);
            }
        }
        return edges.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value);
    }

    /// <summary>The feature of a compiled Razor view (<c>AspNetCoreGeneratedDocument.Features_Account_Login</c>).</summary>
    private static string? ViewFeatureOf(Type type) =>
        type.Namespace == "AspNetCoreGeneratedDocument" && type.Name.StartsWith("Features_", StringComparison.Ordinal)
            ? type.Name.Split('_')[1]
            : null;

    /// <summary>The strongly connected components of two or more features (Tarjan): each is a cycle.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(IReadOnlyDictionary<string, IReadOnlySet<string>> edges)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var cycles = new List<IReadOnlyList<string>>();
        var next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in edges.TryGetValue(v, out var ws) ? ws : new SortedSet<string>())
            {
                if (!index.TryGetValue(w, out var wIndex))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                    low[v] = Math.Min(low[v], wIndex);
            }
            if (low[v] != index[v])
                return;
            var component = new List<string>();
            string x;
            do
            {
                x = stack.Pop();
                onStack.Remove(x);
                component.Add(x);
            } while (x != v);
            if (component.Count > 1)
                cycles.Add(component.Order(StringComparer.Ordinal).ToList());
        }

        foreach (var v in edges.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(v))
                Visit(v);
        return cycles;
    }
}

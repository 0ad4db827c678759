namespace Dashop.Web.Infrastructure;

/// <summary>
/// Lets every <c>AddXxx()</c> be called more than once: a feature adds the features and plumbing it depends on, so that it
/// resolves on its own, and the order of the calls in Program.cs does not matter.
/// </summary>
public static class FeatureRegistration
{
    /// <summary>True the first time <paramref name="name"/> is added to these services; false afterwards.</summary>
    public static bool FirstTime(this IServiceCollection services, string name)
    {
        var added = services.FirstOrDefault(d => d.ServiceType == typeof(AddedFeatures))?.ImplementationInstance as AddedFeatures;
        if (added is null)
        {
            added = new AddedFeatures();
            services.AddSingleton(added);
        }
        return added.Names.Add(name);
    }

    /// <summary>The names of what was added (kept in the container so that it lives as long as the service collection).</summary>
    private sealed class AddedFeatures
    {
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);
    }
}

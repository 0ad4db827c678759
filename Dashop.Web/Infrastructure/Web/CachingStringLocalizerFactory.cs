using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>
/// The .resx localizers with their answers kept per UI culture and name. <see cref="ResourceManagerStringLocalizer"/> asks
/// the <see cref="System.Resources.ResourceManager"/> every time, and its resource sets take a lock on each look-up: a page
/// looks up dozens of strings, and under load the threads queued on that lock (a profile of <c>GET /login</c>: 8% of the
/// threads' time waiting there, spinning first). The resources are compiled in and never change, so the answers are the same.
/// </summary>
public sealed class CachingStringLocalizerFactory(IStringLocalizerFactory inner) : IStringLocalizerFactory
{
    private readonly ConcurrentDictionary<(Type?, string?, string?), IStringLocalizer> _localizers = new();

    public IStringLocalizer Create(Type resourceSource) =>
        _localizers.GetOrAdd((resourceSource, null, null), static (_, s) => new CachingStringLocalizer(s.inner.Create(s.resourceSource)), (inner, resourceSource));

    public IStringLocalizer Create(string baseName, string location) =>
        _localizers.GetOrAdd((null, baseName, location), static (_, s) => new CachingStringLocalizer(s.inner.Create(s.baseName, s.location)), (inner, baseName, location));
}

/// <summary>One localizer's answers per UI culture and name (at most <see cref="MaxEntries"/>; past that it asks every time).</summary>
public sealed class CachingStringLocalizer(IStringLocalizer inner) : IStringLocalizer
{
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _strings = new();

    public LocalizedString this[string name]
    {
        get
        {
            var key = (CultureInfo.CurrentUICulture.Name, name);
            if (_strings.TryGetValue(key, out var found))
                return found;
            var value = inner[name];
            if (_strings.Count < MaxEntries)
                _strings.TryAdd(key, value);
            return value;
        }
    }

    // As ResourceManagerStringLocalizer formats: the resource (or the name when there is none) with the current culture.
    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound,
                format.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
}

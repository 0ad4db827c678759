using System.Globalization;
using Dashop.Web.Infrastructure.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Tests.Web;

public sealed class CachingStringLocalizerTests
{
    [Test]
    public void Kept_answers_are_the_resx_answers_in_each_culture_and_stay_so_when_the_culture_changes()
    {
        var resx = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        var inner = resx.Create(typeof(SharedResource));
        var cached = new CachingStringLocalizerFactory(resx).Create(typeof(SharedResource));
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            var names = inner.GetAllStrings(includeParentCultures: true).Select(s => s.Name).Append("no such resource").ToList();
            Assert.That(names, Has.Count.GreaterThan(10));
            foreach (var round in new[] { "zh-CN", "en", "zh-CN", "en" })
            {
                CultureInfo.CurrentUICulture = new CultureInfo(round);
                foreach (var name in names)
                {
                    var (expected, actual) = (inner[name], cached[name]);
                    Assert.That((actual.Value, actual.ResourceNotFound), Is.EqualTo((expected.Value, expected.ResourceNotFound)), $"{round}: {name}");
                }
                Assert.That(cached["{0} and {1}", "a", 2].Value, Is.EqualTo(inner["{0} and {1}", "a", 2].Value));
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }
}

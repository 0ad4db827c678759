using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Features.Activation;

/// <summary>
/// An e-mail's words in its reader's language (English, else Chinese), from the resources the pages use
/// (Resources/SharedResource.*.resx, keyed by the English text), whatever the culture of the thread that renders it.
/// </summary>
public sealed class EmailText(IStringLocalizer text, string culture)
{
    private readonly CultureInfo _culture = culture.StartsWith("en", StringComparison.OrdinalIgnoreCase)
        ? CultureInfo.GetCultureInfo("en")
        : CultureInfo.GetCultureInfo("zh-CN");

    public string this[string key, params object[] arguments]
    {
        get
        {
            var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = _culture;
            try
            {
                return text[key, arguments];
            }
            finally
            {
                (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
            }
        }
    }
}

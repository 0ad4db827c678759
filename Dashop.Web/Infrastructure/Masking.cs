using PhoneNumbers;

namespace Dashop.Web.Infrastructure;

/// <summary>
/// The one way a contact is shown where it must not be read whole: logs, the admin pages, delivery records, notices.
/// </summary>
public static class Masking
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary><c>a***@example.com</c>.</summary>
    public static string Email(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : $"{address[0]}***{address[at..]}";
    }

    /// <summary><c>177****2345</c> for an E.164 number (its national number; <c>****</c> when too short to hide anything).</summary>
    public static string Phone(string e164)
    {
        string national;
        try
        {
            national = Util.GetNationalSignificantNumber(Util.Parse(e164, null));
        }
        catch (NumberParseException)
        {
            national = e164;
        }
        return national.Length >= 8 ? $"{national[..3]}****{national[^4..]}" : "****";
    }
}

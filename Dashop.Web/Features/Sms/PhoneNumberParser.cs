using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace Dashop.Web.Features.Sms;

/// <summary>Reads what people type as a phone number; everything else in Dashop uses the E.164 form.</summary>
public sealed class PhoneNumberParser(IOptions<SmsOptions> options)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private readonly string _region = options.Value.DefaultRegion;
    private readonly HashSet<string> _smsRegions = new(options.Value.Regions, StringComparer.OrdinalIgnoreCase);

    /// <summary>The number in E.164 (<c>+8617723452345</c>), or null when it is not a valid number.</summary>
    public string? ToE164(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 32)
            return null;
        try
        {
            var number = Util.Parse(raw, _region);
            return Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>
    /// The number in E.164 when an SMS code may go to it: a mobile number (or one that may be mobile, as in the US) of
    /// <see cref="SmsOptions.AllowedRegions"/>; null for landlines, premium, shared-cost and other ranges, and other regions.
    /// </summary>
    public string? ToSmsRecipient(string? raw)
    {
        // The common case, eleven digits as typed in China: answered from the number's first seven digits (its block)
        // once libphonenumber has judged one number of that block (the same answers: PhoneNumberParserTests compares them).
        if (_cnBlocks is not null && raw is { Length: 11 } && raw[0] == '1' && raw.AsSpan().ContainsAnyExceptInRange('0', '9') is false
            && !MayCarryCarrierPrefix(raw))
        {
            var block = int.Parse(raw.AsSpan(0, 7), System.Globalization.CultureInfo.InvariantCulture) - 1_000_000;
            switch (Volatile.Read(ref _cnBlocks[block]))
            {
                case BlockRecipient:
                    return "+86" + raw;
                case BlockNotRecipient:
                    return null;
            }
            var answer = ToSmsRecipientUncached(raw);
            Volatile.Write(ref _cnBlocks[block], answer is null ? BlockNotRecipient : answer == "+86" + raw ? BlockRecipient : BlockUncacheable);
            return answer;
        }
        return ToSmsRecipientUncached(raw);
    }

    private const byte BlockRecipient = 1, BlockNotRecipient = 2, BlockUncacheable = 3;

    // One state for each seven-digit block 1000000-1999999 (unknown, recipient, not, ask every time): 1 MB, allocated only
    // when numbers are read as Chinese by default.
    private readonly byte[]? _cnBlocks = string.Equals(options.Value.DefaultRegion, "CN", StringComparison.OrdinalIgnoreCase) ? new byte[1_000_000] : null;

    // China's carrier-selection prefixes (11x, 12x, 179xx) are stripped by libphonenumber depending on the digits after them:
    // such numbers always go the whole way.
    private static bool MayCarryCarrierPrefix(string digits) => digits[1] is '1' or '2' || (digits[1] == '7' && digits[2] == '9');

    internal string? ToSmsRecipientUncached(string? raw)
    {
        if (ToE164(raw) is not { } e164)
            return null;
        var number = Util.Parse(e164, null);
        var type = Util.GetNumberType(number);
        return type is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE
            && Util.GetRegionCodeForNumber(number) is { } region && _smsRegions.Contains(region)
            ? e164
            : null;
    }

    /// <summary>The first of <paramref name="regions"/> that libphonenumber does not know, or null.</summary>
    public static string? UnknownRegion(IEnumerable<string> regions) =>
        regions.FirstOrDefault(r => !Util.GetSupportedRegions().Contains(r));

    /// <summary>The number as a provider in its country expects it: national digits at home, 00-prefixed abroad.</summary>
    public static string ForProvider(string e164, int homeCountryCode = 86)
    {
        var number = Util.Parse(e164, null);
        var national = Util.GetNationalSignificantNumber(number);
        return number.CountryCode == homeCountryCode ? national : $"00{number.CountryCode}{national}";
    }
}

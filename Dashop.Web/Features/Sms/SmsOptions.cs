using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.Sms;

public sealed class SmsOptions
{
    public const string SectionName = "Sms";

    [EnumDataType(typeof(SmsProvider))]
    public SmsProvider Provider { get; set; } = SmsProvider.Ronglian;

    [Range(4, 10, ErrorMessage = "Sms:CodeLength must be between 4 and 10.")]
    public int CodeLength { get; set; } = 6;

    [Range(30, 86_400, ErrorMessage = "Sms:CodeTtlSeconds must be between 30 and 86400.")]
    public int CodeTtlSeconds { get; set; } = 300;

    [Range(1, 86_400, ErrorMessage = "Sms:ResendCooldownSeconds must be between 1 and 86400.")]
    public int ResendCooldownSeconds { get; set; } = 60;

    [Range(1, 100, ErrorMessage = "Sms:MaxVerifyAttempts must be between 1 and 100.")]
    public int MaxVerifyAttempts { get; set; } = 5;

    /// <summary>
    /// SMS per phone per China day for each provider template (Ronglian's own cap is 5 a template): purposes that share a
    /// template share this budget, as the provider counts them together.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Sms:MaxPerPhonePerDay must be at least 1.")]
    public int MaxPerPhonePerDay { get; set; } = 5;

    /// <summary>
    /// Of each daily budget, the codes only a known device of the phone's account may ask for (a browser or /v1 client
    /// that signed in to it before): strangers cannot use them up (docs/decisions/0012-nobody-can-keep-a-person-out.md).
    /// </summary>
    [Range(0, 1_000_000, ErrorMessage = "Sms:KnownDeviceReservePerDay must be at least 0.")]
    public int KnownDeviceReservePerDay { get; set; } = 2;

    [Range(1, 1_000_000_000, ErrorMessage = "Sms:MaxPerIpPerHour must be at least 1.")]
    public int MaxPerIpPerHour { get; set; } = 20;

    /// <summary>How many times the consumer tries one SMS before it gives up (transient failures only).</summary>
    [Range(1, 20, ErrorMessage = "Sms:MaxSendAttempts must be between 1 and 20.")]
    public int MaxSendAttempts { get; set; } = 5;

    /// <summary>Region used to read numbers written without a country code.</summary>
    [Required, RegularExpression("^[A-Z]{2}$", ErrorMessage = "Sms:DefaultRegion must be a two-letter region code such as CN.")]
    public string DefaultRegion { get; set; } = "CN";

    /// <summary>
    /// Regions (ISO 3166 codes as libphonenumber knows them) whose mobile numbers may receive codes; landlines, premium
    /// and other ranges, and every other region are refused, so the site cannot be used to pump paid SMS abroad.
    /// Empty means <c>CN</c> (a configured list replaces it rather than adding to it).
    /// </summary>
    public string[] AllowedRegions { get; set; } = [];

    /// <summary>All SMS of the site (every instance) per hour, China time: a ceiling on what an attack can cost.</summary>
    [Range(1, 1_000_000_000, ErrorMessage = "Sms:MaxPerHour must be at least 1.")]
    public int MaxPerHour { get; set; } = 1000;

    public IReadOnlyList<string> Regions => AllowedRegions.Length > 0 ? AllowedRegions : ["CN"];

    public TimeSpan CodeTtl => TimeSpan.FromSeconds(CodeTtlSeconds);
    public TimeSpan ResendCooldown => TimeSpan.FromSeconds(ResendCooldownSeconds);
}

namespace Dashop.Web.Features.Sms;

/// <summary>What an SMS code is for (spec §11): a code issued for one purpose works for no other.</summary>
public enum SmsPurpose
{
    Register,
    Login,
    Reset,
    ChangePhone,

    /// <summary>Proves a signed-in person again (spec §15); sent only to the account's own phone, asked for only by its session.</summary>
    Reauth,
}

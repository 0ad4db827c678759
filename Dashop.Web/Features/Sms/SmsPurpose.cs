namespace Dashop.Web.Features.Sms;

/// <summary>What an SMS code is for (spec §11): a code issued for one purpose works for no other.</summary>
public enum SmsPurpose
{
    Register,
    Login,
    Reset,
    ChangePhone,
}

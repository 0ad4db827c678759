namespace Dashop.Web.Features.Activation;

public enum ActivationOutcome
{
    /// <summary>The link is valid and the address not yet confirmed: the page offers the button that confirms (a POST).</summary>
    Ready,
    Confirmed,
    AlreadyConfirmed,
    Invalid,
}

namespace Dashop.Web.Features.Activation;

public enum ActivationOutcome
{
    Confirmed,
    AlreadyConfirmed,
    Invalid,
}

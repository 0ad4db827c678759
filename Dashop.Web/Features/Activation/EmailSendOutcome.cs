namespace Dashop.Web.Features.Activation;

public enum EmailSendOutcome
{
    Sent,
    Transient,
    Failed,
}

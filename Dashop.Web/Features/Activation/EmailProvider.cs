namespace Dashop.Web.Features.Activation;

public enum EmailProvider
{
    Smtp,
    DevInbox,
}

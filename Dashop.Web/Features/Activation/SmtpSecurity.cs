namespace Dashop.Web.Features.Activation;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

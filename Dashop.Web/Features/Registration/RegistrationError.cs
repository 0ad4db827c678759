namespace Dashop.Web.Features.Registration;

public enum RegistrationError
{
    None,
    InvalidField,
    Taken,
    CodeInvalid,
    Unavailable,
}

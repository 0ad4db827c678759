using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.SignIn;

/// <summary>
/// A right login code: the phone it proves (E.164) and its account, signed in (with its /v1 token when one was asked
/// for); or no account, when one code also signs up (<c>Accounts:SmsSignUp</c>): the sign-up step follows for the phone.
/// </summary>
public sealed record SmsSignIn(string PhoneE164, DashopUser? User, AccountToken? Token = null);

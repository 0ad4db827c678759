namespace Dashop.Web.Features.Account;

/// <summary>A refused action of the account page, shown inside the form that asked for it, naming the field.</summary>
public sealed record FormError(string Form, string Field, string Message);

namespace Dashop.Web.Infrastructure.Results;

/// <summary>
/// A field of a new account under each name it goes by: in <see cref="FieldError"/>, on the forms, in /v1 request
/// bodies, on create-admin's command line. The one table of them is <see cref="AccountFields"/>.
/// </summary>
public sealed record AccountField(string Name, string FormProperty, string ApiName, string CommandOption);

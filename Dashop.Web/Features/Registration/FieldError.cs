namespace Dashop.Web.Features.Registration;

/// <summary>A problem with one field. <paramref name="Message"/> is an English resource key.</summary>
public sealed record FieldError(string Field, string Message);

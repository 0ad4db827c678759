namespace Dashop.Web.Features.Import;

/// <summary>The dadashop database could not be opened or read (as opposed to the Dashop database not being written).</summary>
public sealed class ImportSourceException(string message, Exception inner) : Exception(message, inner);

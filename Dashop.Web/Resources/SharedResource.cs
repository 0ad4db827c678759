namespace Dashop.Web;

/// <summary>Anchor type for the shared UI strings (Resources/SharedResource.*.resx). Keys are the English text.</summary>
public sealed class SharedResource;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>Marks a controller that exists only in Development (dev inbox, Weibo simulator).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class DevelopmentOnlyAttribute : Attribute;

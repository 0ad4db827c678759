using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>Views live beside their controller in Features/{Feature}/, the feature being the controller's namespace.</summary>
public sealed class FeatureViewLocations : IViewLocationExpander
{
    public const string FeatureToken = "{feature}";
    public static readonly string[] Formats = [$"/Features/{FeatureToken}/{{0}}.cshtml", "/Features/Shared/{0}.cshtml"];

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        var feature = context.Values.TryGetValue("feature", out var f) ? f : null;
        return viewLocations
            .Where(l => feature is not null || !l.Contains(FeatureToken, StringComparison.Ordinal))
            .Select(l => feature is null ? l : l.Replace(FeatureToken, feature, StringComparison.Ordinal));
    }

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        if (context.ActionContext.ActionDescriptor is ControllerActionDescriptor action)
            context.Values["feature"] = action.ControllerTypeInfo.Namespace?.Split('.').LastOrDefault();
    }
}

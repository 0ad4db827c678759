using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>Outside Development, development-only controllers are not controllers at all: no route reaches them.</summary>
internal sealed class RemoveDevelopmentOnlyControllers : IApplicationFeatureProvider<ControllerFeature>
{
    public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature)
    {
        foreach (var controller in feature.Controllers.Where(c => c.GetCustomAttribute<DevelopmentOnlyAttribute>() is not null).ToList())
            feature.Controllers.Remove(controller);
    }
}

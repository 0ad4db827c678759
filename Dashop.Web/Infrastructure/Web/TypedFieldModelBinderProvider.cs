using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>
/// Puts <see cref="TypedFieldModelBinder"/> before MVC's binders for every simple type other than text bound from a form,
/// the query or the route (not a JSON body, a header or a service): one place for every field of every form.
/// </summary>
public sealed class TypedFieldModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var metadata = context.Metadata;
        if (metadata.IsComplexType || metadata.UnderlyingOrModelType == typeof(string))
            return null;
        var source = context.BindingInfo.BindingSource;
        if (source is not null && source != BindingSource.Form && source != BindingSource.Query && source != BindingSource.Path
            && source != BindingSource.ModelBinding)
            return null;
        var loggers = context.Services.GetRequiredService<ILoggerFactory>();
        return new TypedFieldModelBinder(new SimpleTypeModelBinder(metadata.ModelType, loggers));
    }
}

using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>
/// Binds a form, query or route value of a simple type other than text (a checkbox's bool, a number, an enum, a date, a
/// Guid) through MVC's own <see cref="SimpleTypeModelBinder"/>, so that a value of the wrong type (<c>TermsAccepted=perhaps</c>,
/// an empty one, a number out of range) is an ordinary field error naming the field, and the form can be shown again:
/// <list type="bullet">
/// <item>an empty value for a type that cannot be empty gets the same message as any other wrong value (MVC's own names no field);</item>
/// <item>a checkbox keeps no attempted value: MVC re-renders a checkbox by reading the attempted value as a bool, which throws on
/// <c>perhaps</c>; without it the box shows the model's value. Other inputs keep what was typed, as text.</item>
/// </list>
/// </summary>
public sealed class TypedFieldModelBinder(IModelBinder inner) : IModelBinder
{
    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var metadata = bindingContext.ModelMetadata;
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value != ValueProviderResult.None && string.IsNullOrWhiteSpace(value.FirstValue) && !metadata.IsReferenceOrNullableType)
        {
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, IsBoolean(metadata) ? null : value, value.ToString());
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                metadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(value.ToString(), FieldName(bindingContext)));
            bindingContext.Result = ModelBindingResult.Failed();
            return;
        }

        await inner.BindModelAsync(bindingContext);
        if (!bindingContext.Result.IsModelSet && IsBoolean(metadata)
            && bindingContext.ModelState.TryGetValue(bindingContext.ModelName, out var entry) && entry.Errors.Count > 0)
            entry.RawValue = null;
    }

    private static bool IsBoolean(ModelMetadata metadata) => metadata.UnderlyingOrModelType == typeof(bool);

    private static string FieldName(ModelBindingContext context) =>
        context.ModelMetadata.DisplayName ?? context.ModelMetadata.PropertyName ?? context.ModelMetadata.ParameterName ?? context.ModelName;
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>
/// A form post whose antiforgery token expired (the tab stayed open past the cookie, the app restarted with new keys)
/// brings the form back with what was typed (never a password) and "the page expired, please send it again" instead
/// of a bare 400. Nothing of the action runs: the model is only bound from the posted form to be shown again.
/// Without this attribute an expired post goes back to the page it came from with the same message.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ExpiredFormAttribute(string view, Type model) : Attribute
{
    public string View { get; } = view;

    public Type Model { get; } = model;
}

/// <summary>Turns antiforgery's 400 for an HTML form post into the form again (<see cref="ExpiredFormAttribute"/>).</summary>
public sealed class ExpiredFormFilter(IStringLocalizer<SharedResource> text) : IAsyncAlwaysRunResultFilter
{
    public const string Message = "The page expired, please send it again.";

    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        // Antiforgery refuses in an authorization filter: no controller exists yet, so the form is read here.
        if (context.Result is IAntiforgeryValidationFailedResult && request.HasFormContentType)
        {
            var expired = context.ActionDescriptor.EndpointMetadata.OfType<ExpiredFormAttribute>().FirstOrDefault();
            var services = context.HttpContext.RequestServices;
            var tempData = services.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context.HttpContext);
            if (expired is not null)
            {
                var form = await request.ReadFormAsync();
                var model = Activator.CreateInstance(expired.Model)!;
                foreach (var property in expired.Model.GetProperties().Where(p => p.CanWrite && form.ContainsKey(p.Name)))
                {
                    if (property.PropertyType == typeof(string) && !property.Name.Contains("Password", StringComparison.OrdinalIgnoreCase))
                        property.SetValue(model, form[property.Name].ToString());
                    else if (property.PropertyType == typeof(bool) && bool.TryParse(form[property.Name].FirstOrDefault(), out var ticked))
                        property.SetValue(model, ticked);
                }
                var state = new ModelStateDictionary();
                state.AddModelError("", text[Message]);
                context.Result = new ViewResult
                {
                    ViewName = expired.View,
                    ViewData = new ViewDataDictionary(services.GetRequiredService<IModelMetadataProvider>(), state) { Model = model },
                    TempData = tempData,
                    StatusCode = StatusCodes.Status400BadRequest,
                };
            }
            else if (request.Headers.Referer.ToString() is { Length: > 0 } referer
                     && Uri.TryCreate(referer, UriKind.Absolute, out var from) && from.Authority == request.Host.Value)
            {
                tempData["FlashError"] = text[Message].Value;
                context.Result = new RedirectResult(from.PathAndQuery);
            }
        }
        await next();
    }
}

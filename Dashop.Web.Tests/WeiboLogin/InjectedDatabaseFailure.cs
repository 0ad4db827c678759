using System.Data.Common;

namespace Dashop.Web.Tests.WeiboLogin;

public sealed class InjectedDatabaseFailure() : DbException("Injected failure of the link statement.");

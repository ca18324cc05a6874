using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Database;

namespace PortOne.Checkout.Hosting;

/// <summary>
/// The data protection keys (the staff cookie, antiforgery tokens, Blazor's circuit ids) live in the
/// shared database, so whatever one instance issued another can read, and a restart or a new machine
/// keeps every staff member signed in. The framework's default, a folder in the user's profile, is one
/// machine's alone. The keys are stored unencrypted, as the file default stores them on Linux; a
/// deployment that wants them encrypted at rest adds <c>ProtectKeysWith…</c> to this registration.
/// </summary>
public static class SharedDataProtection
{
    /// <summary>
    /// Fixed, so every instance derives the same purposes; the default (the content root path) differs
    /// between two deployment folders of one release.
    /// </summary>
    public const string ApplicationName = "PortOne.Checkout";

    public static IServiceCollection AddSharedDataProtection(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseXmlRepository>();
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<DatabaseXmlRepository>((options, repository) => options.XmlRepository = repository);
        return services;
    }

    /// <summary>
    /// Reads the key ring once the database is migrated, creating the first key if there is none. An
    /// instance creates a key only on first use, and an instance started after this one would otherwise
    /// make its own before this one wrote any, and each would refuse the other's cookies until its key
    /// ring is next refreshed.
    /// </summary>
    public static void LoadDataProtectionKeys(this WebApplication app) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(ApplicationName + ".Startup").Protect([]);
}

/// <summary>
/// An <see cref="IXmlRepository"/> over our database. The framework calls it synchronously and rarely
/// (the key ring is read at start and about once a day, a key is written every 90 days), so blocking on
/// a connection there is acceptable.
/// </summary>
public sealed class DatabaseXmlRepository(Db db, TimeProvider time) : IXmlRepository
{
    private const string ListSql = "SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name;";

    // A second write of the same element (a retry) changes nothing; names are unique per element.
    private const string StoreSql = """
        INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@friendlyName, @xml, @createdAt)
        ON CONFLICT (friendly_name) DO NOTHING;
        """;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = db.OpenAsync().GetAwaiter().GetResult();
        return connection.Query<string>(ListSql).Select(xml => XElement.Parse(xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        // The key manager names every element; a nameless one still gets a row of its own.
        friendlyName = string.IsNullOrEmpty(friendlyName) ? $"element-{Guid.NewGuid():N}" : friendlyName;
        using var connection = db.OpenAsync().GetAwaiter().GetResult();
        connection.Execute(StoreSql, new
        {
            friendlyName,
            xml = element.ToString(SaveOptions.DisableFormatting),
            createdAt = time.GetUtcNow().ToUnixTimeSeconds(),
        });
    }
}

using System.Data.Common;
using System.Text;
using Dapper;
using PortOne.Checkout.Database;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>Every value of every table of the app's database, one line per row, for "is this kept anywhere" checks.</summary>
public static class DatabaseDump
{
    public static async Task<string> TextAsync(DbConnection connection)
    {
        var tables = TempDatabase.Provider == DatabaseProvider.PostgreSQL
            ? "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema();"
            : "SELECT name FROM sqlite_master WHERE type = 'table';";
        var text = new StringBuilder();
        foreach (var table in await connection.QueryAsync<string>(tables))
        {
            foreach (IDictionary<string, object?> row in await connection.QueryAsync($"SELECT * FROM \"{table}\";"))
            {
                text.AppendJoin('|', row.Values).Append('\n');
            }
        }
        return text.ToString();
    }
}

// A minimal YARP reverse proxy, configured in appsettings.json (one catch-all route, one cluster of
// two members, round robin, HTTP/1.1 to the members over SocketsHttpHandler's pooled keep-alive
// connections, logging at Warning). bench/lib.sh passes the listening address (--urls) and the
// members' addresses on the command line, so the ports stay defined in one place.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // appsettings.json is next to the executable; the benchmark starts it from the repository root.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

var app = builder.Build();
app.MapReverseProxy();
app.Run();

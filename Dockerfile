# syntax=docker/dockerfile:1
# Build: docker build -t dashop .     Run: see compose.yaml (configuration comes from environment variables only).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Dashop.Web/Dashop.Web.csproj Dashop.Web/
RUN dotnet restore Dashop.Web/Dashop.Web.csproj
COPY Dashop.Web/ Dashop.Web/
RUN dotnet publish Dashop.Web/Dashop.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The data folder holds the SQLite file and local keys when no PostgreSQL/Redis is configured.
RUN mkdir -p /app/App_Data && chown -R app:app /app/App_Data
USER app
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["dotnet", "Dashop.Web.dll", "probe", "http://127.0.0.1:8080/healthz/live"]
ENTRYPOINT ["dotnet", "Dashop.Web.dll"]

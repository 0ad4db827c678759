# syntax=docker/dockerfile:1
# Build: docker build -t dashop .     Run: see compose.yaml (configuration comes from environment variables only).
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Dashop.Web/Dashop.Web.csproj Dashop.Web/
RUN dotnet restore Dashop.Web/Dashop.Web.csproj -a "$TARGETARCH"
COPY Dashop.Web/ Dashop.Web/
# ReadyToRun: the assemblies are published precompiled for the target, so a fresh instance starts on native code instead of
# JIT-compiling every path at its first requests; tiered compilation with dynamic PGO (Dashop.Web.csproj) then recompiles
# the hot paths from what they actually do. docs/BENCHMARKS.md measures the time to steady state.
RUN dotnet publish Dashop.Web/Dashop.Web.csproj -c Release -a "$TARGETARCH" --self-contained false -p:PublishReadyToRun=true \
    -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The data folder holds the SQLite file and local keys when no PostgreSQL/Redis is configured.
# APP_UID is the base image's non-root user (1654).
RUN mkdir -p /app/App_Data && chown -R "$APP_UID" /app/App_Data
USER $APP_UID
# The base image listens on ASPNETCORE_HTTP_PORTS (8080); setting the URLs variable as well would override it with a
# warning at every start, so the port is given only here.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["dotnet", "Dashop.Web.dll", "probe", "http://127.0.0.1:8080/healthz/live"]
ENTRYPOINT ["dotnet", "Dashop.Web.dll"]

# syntax=docker/dockerfile:1
# Paralarva's container image: build with the .NET SDK, run on the small ASP.NET Core runtime image.
#
#   docker build -t paralarva:$(cat VERSION) --build-arg VERSION=$(cat VERSION) .
#   docker run --rm -p 8080:8080 -p 8000:8000 paralarva:$(cat VERSION) --demo
#
# The runtime stage runs as the image's non-root user, listens on all addresses (-a) and reads
# /app/config.yaml unless given -f/--file (the Helm chart mounts its ConfigMap and passes -f).
# Any further arguments are the proxy's flags: docker run ... paralarva -l debug -t 5

ARG DOTNET_VERSION=10.0

# ---- build: restore, then publish Paralarva.Host in Release ----
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG VERSION=1.0.0
WORKDIR /src

# The project files alone first: the restore layer is reused until a dependency changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY Paralarva.Actors/Paralarva.Actors.csproj Paralarva.Actors/
COPY Paralarva.Host/Paralarva.Host.csproj Paralarva.Host/
RUN dotnet restore Paralarva.Host/Paralarva.Host.csproj

COPY Paralarva.Actors/ Paralarva.Actors/
COPY Paralarva.Host/ Paralarva.Host/
RUN dotnet publish Paralarva.Host/Paralarva.Host.csproj -c Release --no-restore \
        -o /app -p:UseAppHost=false -p:Version=${VERSION}

# ---- runtime: no SDK, no shell, no root ----
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble-chiseled AS runtime
ARG VERSION=1.0.0
LABEL org.opencontainers.image.title="paralarva" \
      org.opencontainers.image.description="HTTP/1.1 reverse proxy and load balancer on Akka.NET" \
      org.opencontainers.image.version="${VERSION}"

WORKDIR /app
COPY --from=build /app ./
COPY config.yaml ./config.yaml

# The chiseled image's unprivileged user (uid 1654, named "app"); the chart's securityContext uses it too.
USER 1654:1654

# 8080: the proxy (proxy.listen.port in config.yaml). 8000: /metrics, /healthz, /readyz (-p).
EXPOSE 8080 8000

# -a: listen on 0.0.0.0 for the proxy and the monitoring port, or nothing outside the container reaches them.
ENTRYPOINT ["dotnet", "/app/Paralarva.Host.dll", "--listen-all-addr"]
CMD ["--file", "/app/config.yaml"]

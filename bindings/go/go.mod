module github.com/libchatguard/chatguard/bindings/go

go 1.19

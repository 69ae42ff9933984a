module revento.test/apps/go

go 1.19

console.log("benchless http testapp");

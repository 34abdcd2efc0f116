def test_world_builds_and_token_works(world, api):
    device = api("coord_a")
    assert device.get("/me").get_json()["role"] == "coordinator"
